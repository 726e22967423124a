/** Types of scripts/docs-region.js (CommonJS, so that scripts/mutation/scores.mjs can import it too; see its header). */

/** The text with the region's text replaced, or undefined when the text has no such region. */
export declare function replaceRegion(text: string, name: string, content: string): string | undefined;
/** The region's text, or undefined when the file (relative to the project root) has no such region. */
export declare function readRegion(file: string, name: string): string | undefined;
/** Replaces the region's text; throws when the file (relative to the project root) has no such region. */
export declare function writeRegion(file: string, name: string, content: string): void;
