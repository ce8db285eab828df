// Prompt templates are data files (resources/prompts/**/*.md) rendered with Mustache.
// Prompts are plain text, so HTML escaping is off.
import { readFileSync } from 'node:fs';
import Mustache from 'mustache';
import { resourcePath } from '../resources';

const cache = new Map<string, string>();

function load(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(resourcePath('prompts', `${name}.md`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * Renders resources/prompts/<name>.md. `{{> other/name}}` includes another template;
 * sections (`{{#list}}…{{/list}}`) repeat or drop blocks.
 */
export function renderTemplate(name: string, view: Record<string, unknown>): string {
  const template = load(name);
  const rendered = Mustache.render(template, view, (partial) => load(partial), { escape: (value: unknown) => String(value) });
  // Dropped sections leave runs of blank lines behind.
  return rendered.replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
