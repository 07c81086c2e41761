import { describe, expect, it } from 'vitest';
import { escapeHtml, rub, scriptJson } from './html.js';

describe('report HTML helpers', () => {
  it('keeps data inside its script element whatever it holds', () => {
    const json = scriptJson({ name: '</script><script>alert(1)</script><!--' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script><!--' });
  });

  it('escapes text for elements and attributes', () => {
    expect(escapeHtml(`<b a="x">'&'</b>`)).toBe(
      '&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;',
    );
  });

  it('writes roubles with grouping and a real minus', () => {
    expect(rub(1_234_567.891)).toBe('1\u202f234\u202f567.89');
    expect(rub(-12.5)).toBe('−12.50');
  });
});
