/**
 * The notes ref of `drift-note/1` (docs/format.md): the one name every reader, writer,
 * hook and message uses. Kept in a module of its own, with no imports, so that any part of
 * git drift can name the ref without loading the note codec.
 */

/** The notes ref git drift writes: `refs/notes/drift`. */
export const NOTES_REF = 'refs/notes/drift';
