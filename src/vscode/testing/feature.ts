import type { Feature } from '../feature';

// Placeholder until its issue lands; its commands fall back to a "not built yet" notification.
export const testingFeature: Feature = {
  name: 'testing',
  activate() {
    return {};
  },
};
