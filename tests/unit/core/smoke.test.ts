import { describe, expect, it } from 'vitest';
import { encodeUrlencoded } from '@/utils/core/form-encoding';

describe('encodeUrlencoded', () => {
  it('encodes like the browser', () => {
    expect(encodeUrlencoded([{ name: 'a b', value: 'x\ny*~' }])).toBe('a+b=x%0D%0Ay*%7E');
  });
});
