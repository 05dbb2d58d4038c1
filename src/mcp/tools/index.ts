/**
 * The tools `git drift mcp` offers, in `tools/list` order. Each answers one question about
 * the bound repository with readable text and structured content, and never writes notes
 * or files: the structured content is what the matching `git drift … --json` prints.
 */
import type { BoundRepo } from '../repo.js';
import type { Infer, ObjectSchema } from '../schemas.js';
import { blameTool, lineHistoryTool, logTool } from './history.js';
import { sessionTool, sessionsTool } from './sessions.js';
import { rejectedTool } from './rejected.js';
import { handoffTool } from './handoff.js';

/** What a tool answers: text for the agent to read, and the same answer as data. */
export interface ToolAnswer<T> {
  text: string;
  structured: T;
}

/**
 * One tool: its name, title and description (what the agent reads to choose it), the schema
 * of its arguments and of its structured content, and the function that answers. `answer`
 * throws `UserError` for a question it cannot answer (file outside the repository, unknown
 * session…) and `GitError` when git fails; the server turns both into error results.
 */
export interface DriftTool<I extends ObjectSchema = ObjectSchema, O extends ObjectSchema = ObjectSchema> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  answer(args: Infer<I>, bound: BoundRepo): Promise<ToolAnswer<Infer<O>>>;
}

/** Every tool, in the order `tools/list` gives them. */
export const TOOLS: DriftTool[] = [blameTool, lineHistoryTool, logTool, sessionsTool, sessionTool, rejectedTool, handoffTool] as DriftTool[];
