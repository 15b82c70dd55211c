/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's info string, e.g. "ts" or "sh". */
  readonly lang: string;
  /** The line of the file the code starts on (1-based, after the opening fence). */
  readonly line: number;
  /** The nearest heading above it, without its #s. */
  readonly heading: string;
  readonly code: string;
}

/** Every fenced block, in order, each with the heading it sits under. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = "";
  let open: { lang: string; line: number; lines: string[] } | undefined;
  markdown.split("\n").forEach((text, index) => {
    if (open) {
      if (/^```\s*$/.test(text)) {
        blocks.push({ lang: open.lang, line: open.line, heading, code: `${open.lines.join("\n")}\n` });
        open = undefined;
      } else open.lines.push(text);
      return;
    }
    const fence = /^```(\S*)/.exec(text);
    if (fence) open = { lang: fence[1], line: index + 2, lines: [] };
    else if (/^#{1,6} /.test(text)) heading = text.replace(/^#+ /, "");
  });
  if (open) throw new Error(`the code block opened at line ${open.line - 1} is never closed`);
  return blocks;
}
