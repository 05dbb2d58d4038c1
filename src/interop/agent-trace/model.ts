/**
 * Model identifiers between git drift (the model the agent logged, `claude-sonnet-4-5`)
 * and Agent Trace's models.dev convention (`anthropic/claude-sonnet-4-5`). Pure.
 */

/** Providers by model name prefix, as the Agent Trace reference implementation normalises them. */
const PROVIDERS: [RegExp, string][] = [
  [/^claude-/, 'anthropic'],
  [/^(gpt-|o1|o3|o4|codex-)/, 'openai'],
  [/^gemini-/, 'google'],
];

/** `provider/model` for a model git drift recorded; a model already in that form, or of no known provider, stays as it is. */
export function modelIdOf(model: string): string {
  if (model.includes('/')) return model;
  const hit = PROVIDERS.find(([re]) => re.test(model));
  return hit ? `${hit[1]}/${model}` : model;
}

/** The model of a `provider/model` id (the part after the first `/`), or the id itself without one. */
export function modelOfId(modelId: string): string {
  const slash = modelId.indexOf('/');
  return slash < 0 ? modelId : modelId.slice(slash + 1);
}
