/*
 * The narrative's Markdown (markdown-it, raw HTML off) as report blocks: paragraphs, bulleted and
 * numbered lists, headings (as level 3, under the section's own), tables, bold and italic. Links keep
 * their address in brackets, so a printed pack still says where they go.
 */
import MarkdownIt from 'markdown-it';
import type { Block, Run } from '../../lib/report-blocks.ts';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });
type Token = ReturnType<typeof markdown.parse>[number];

function inlineRuns(token: Token | undefined): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  let href: string | null = null;
  for (const child of token?.children ?? []) {
    if (child.type === 'strong_open' || child.type === 'strong_close') bold = child.type === 'strong_open';
    else if (child.type === 'em_open' || child.type === 'em_close') italic = child.type === 'em_open';
    else if (child.type === 'link_open') href = String(child.attrGet('href') ?? '');
    else if (child.type === 'link_close') {
      if (href && !runs.at(-1)?.text.endsWith(href)) runs.push({ text: ` (${href})` });
      href = null;
    } else if (child.type === 'softbreak' || child.type === 'hardbreak') runs.push({ text: ' ' });
    else if (child.content)
      runs.push({ text: child.content, ...(bold ? { bold } : {}), ...(italic ? { italic } : {}) });
  }
  return runs;
}

/** A Markdown table from its `table_open` at `start`: the block, and the index of its `table_close`. */
function tableBlock(tokens: Token[], start: number): { block: Block; end: number } {
  const rows: string[][] = [];
  let end = start;
  for (; end < tokens.length; end++) {
    const token = tokens[end];
    if (!token || token.type === 'table_close') break;
    if (token.type === 'tr_open') rows.push([]);
    else if (token.type === 'inline')
      rows.at(-1)?.push(
        inlineRuns(token)
          .map((r) => r.text)
          .join(''),
      );
  }
  const [header = [], ...body] = rows;
  const block: Block = {
    kind: 'table',
    caption: header.join(', '),
    columns: header.map((label) => ({ label, width: 1 / header.length })),
    rows: body,
  };
  return { block, end };
}

/** The blocks of a narrative; none for empty text. */
export function markdownBlocks(source: string): Block[] {
  const tokens = markdown.parse(source, {});
  const blocks: Block[] = [];
  let list: { ordered: boolean; items: Run[][] } | null = null;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
      depth += 1;
      if (depth === 1) list = { ordered: token.type === 'ordered_list_open', items: [] };
    } else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') {
      depth -= 1;
      if (depth === 0 && list) blocks.push({ kind: 'list', ...list });
      if (depth === 0) list = null;
    } else if (token.type === 'heading_open') {
      blocks.push({
        kind: 'heading',
        level: 3,
        text: inlineRuns(tokens[i + 1])
          .map((r) => r.text)
          .join(''),
      });
      i += 2;
    } else if (token.type === 'table_open') {
      const { block, end } = tableBlock(tokens, i);
      blocks.push(block);
      i = end;
    } else if (token.type === 'inline') {
      const runs = inlineRuns(token);
      if (list) list.items.push(runs);
      else if (runs.length) blocks.push({ kind: 'paragraph', runs });
    }
  }
  return blocks;
}
