// Contract between the answer parser / edit applier (producer) and the repair loop and
// generators (consumers). Paths are the keys of the files map the caller gives (usually
// workspace-relative with '/' separators). Lines are 1-based.
import type { LanguageId } from '../index/types';

/** Replace the exact (or whitespace-tolerant) text `search` with `replace` in `file`. */
export interface SearchReplaceEdit {
  kind: 'search-replace';
  /** As the answer names it (resolved against the files map when applied); undefined: the default file. */
  file?: string;
  search: string;
  replace: string;
  /** 1-based position of the block in the answer, for messages ("block 2"). */
  block: number;
  /** Where the block came from: SEARCH/REPLACE markers or a unified-diff hunk. */
  source: 'search-replace' | 'diff';
  /** The line the answer says the text is at (a diff's "@@ -N"), to choose between equal matches. */
  line?: number;
}

/** Replace a whole function, method or class, found by name with tree-sitter. */
export interface ReplaceSymbolEdit {
  kind: 'replace-symbol';
  file?: string;
  /** Dotted name as the answer defines it: `total`, or `Cart.total` when the method came inside its class. */
  qualifiedName: string;
  symbolKind: 'function' | 'method' | 'class';
  /** The new definition, as written in the answer (re-indented when applied). */
  code: string;
  language?: LanguageId;
  block: number;
}

/** A definition the answer adds next to one it replaces (a new helper function or method). */
export interface InsertSymbolEdit {
  kind: 'insert-symbol';
  file?: string;
  qualifiedName: string;
  code: string;
  /** The existing symbol it goes next to (qualified name in the answer), and on which side. */
  anchor: string;
  position: 'before' | 'after';
  language?: LanguageId;
  block: number;
}

/** An import statement the answer's code needs and the file may lack. */
export interface AddImportEdit {
  kind: 'add-import';
  file?: string;
  code: string;
  language?: LanguageId;
  block: number;
}

export type ParsedEdit = SearchReplaceEdit | ReplaceSymbolEdit | InsertSymbolEdit | AddImportEdit;

export type ParseProblemKind =
  /** The answer was cut off (token limit, dropped stream): the incomplete block is not used. */
  | 'truncated'
  /** A block's markers are out of order or missing. */
  | 'malformed'
  /** A code block that is neither an edit nor a whole function. */
  | 'unrecognized'
  /** Nothing in the answer could be read as an edit. */
  | 'no-edits'
  /** Parts of a code block that were left out (statements around the functions). */
  | 'ignored';

export interface ParseProblem {
  kind: ParseProblemKind;
  /** A precise sentence that can be sent back to the model as is. */
  message: string;
  block?: number;
}

export interface ParsedAnswer {
  edits: ParsedEdit[];
  problems: ParseProblem[];
}

export interface EditContext {
  /** The files the model was shown (path → current text); bare functions are looked up in them. */
  files: ReadonlyMap<string, string>;
  /** The file a block that names none applies to (the top suspect's file). */
  defaultFile?: string;
  /** Qualified names the model was asked about, to choose between same-named symbols. */
  targets?: readonly { file: string; qualifiedName: string }[];
  /** finish_reason of the answer: 'length' means the end of the text is cut off. */
  finishReason?: string | null;
}

export interface ApplyOptions {
  /** The file a block that names none applies to. */
  defaultFile?: string;
  targets?: EditContext['targets'];
  /** Files that must not change (the tests), with the reason given back to the model. */
  readOnly?: ReadonlySet<string>;
  /** Allow a SEARCH/REPLACE block with an empty SEARCH part to create a new file. */
  allowNewFiles?: boolean;
}

export interface AppliedEdit {
  edit: ParsedEdit;
  file: string;
  /** Lines of the result that the edit wrote (1-based, inclusive). */
  startLine: number;
  endLine: number;
  /** How the place was found when not by an exact match (for the log). */
  note?: string;
}

export interface RejectedEdit {
  edit: ParsedEdit;
  /** A precise sentence that can be sent back to the model as is. */
  reason: string;
}

export interface ApplyResult {
  /** Every input file, with the applied edits; untouched files are the same strings. */
  files: Map<string, string>;
  applied: AppliedEdit[];
  /** Edits that changed nothing (the replacement equals the current code). */
  unchanged: ParsedEdit[];
  rejected: RejectedEdit[];
  /** Files whose text changed. */
  changedFiles: string[];
}
