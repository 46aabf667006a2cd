import { describe, expect, it } from 'vitest';
import { alternativeLead } from '../src/index.ts';

describe('the line that offers the alternative to a breaking fix', () => {
  it('says "breaking nothing" only when the alternative changes nothing a component needs', () => {
    expect(alternativeLead({ level: 'none', reason: 'unused' })).toBe(
      'breaking nothing instead',
    );
    expect(alternativeLead(undefined)).toBe('breaking nothing instead');
  });

  it('names the component the alternative degrades', () => {
    expect(
      alternativeLead({
        level: 'degrades',
        component: 'ingress-nginx',
        reason: 'serves one namespace',
      }),
    ).toBe('instead, breaking nothing but degrading ingress-nginx');
    expect(alternativeLead({ level: 'degrades', reason: 'r' })).toBe(
      'instead, breaking nothing but degrading a component',
    );
  });
});
