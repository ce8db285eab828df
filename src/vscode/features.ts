import type { Feature } from './feature';
import { llmFeature } from './llm/feature';
import { indexFeature } from './index/feature';
import { testingFeature } from './testing/feature';
import { reviewFeature } from './review/feature';
import { localizeFeature } from './localize/feature';
import { repairFeature } from './repair/feature';
import { generateFeature } from './generate/feature';

/** Activation order: later features may use the services of earlier ones. */
export const features: Feature[] = [llmFeature, indexFeature, testingFeature, reviewFeature, localizeFeature, repairFeature, generateFeature];
