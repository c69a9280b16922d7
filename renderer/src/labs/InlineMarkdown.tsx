// A summary or title with inline markdown only (`code`, *emphasis*): lab texts use backticks for
// commands, which should read as code, not as stray characters.
import Markdown from 'react-markdown';

const INLINE = ['p', 'code', 'em', 'strong'];

export function InlineMarkdown({ text }: { text: string }) {
  return (
    <Markdown allowedElements={INLINE} unwrapDisallowed>
      {text}
    </Markdown>
  );
}
