/**
 * Technique docs rendered in the page: markdown-it with raw HTML off (an
 * HTML tag in a doc shows as text), then DOMPurify over the result as a
 * second guard, links opened in a new tab without an opener.
 */

import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false });

export function renderMarkdown(text: string): DocumentFragment {
  const html = DOMPurify.sanitize(markdown.render(text), {
    RETURN_DOM_FRAGMENT: true,
  });
  for (const link of html.querySelectorAll('a[href]')) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  return html;
}
