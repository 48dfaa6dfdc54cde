/*
 * A section's Markdown as HTML (docs/adr/0026): markdown-it with raw HTML off, so `<script>` and
 * `<img onerror>` are shown as text, and links only to http(s), mailto or within the site, so
 * `[x](javascript:alert(1))` stays text. Headings start at h3 (the section's title is the h2), and
 * the output carries GOV.UK typography classes.
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const CLASSES: Record<string, string> = {
  paragraph_open: 'govuk-body',
  bullet_list_open: 'govuk-list govuk-list--bullet',
  ordered_list_open: 'govuk-list govuk-list--number',
  link_open: 'govuk-link',
  table_open: 'govuk-table',
  blockquote_open: 'govuk-inset-text',
};

md.core.ruler.push('govuk_classes', (state) => {
  const walk = (tokens: typeof state.tokens) => {
    for (const token of tokens) {
      if (token.type === 'heading_open') {
        const level = Math.min(6, Number(token.tag.slice(1)) + 2);
        token.tag = `h${level}`;
        token.attrSet('class', level === 3 ? 'govuk-heading-m' : 'govuk-heading-s');
      } else {
        const govukClass = CLASSES[token.type];
        if (govukClass) token.attrSet('class', govukClass);
      }
      if (token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
      if (token.children) walk(token.children);
    }
  };
  walk(state.tokens);
});

export const renderMarkdown = (text: string): string => md.render(text);
