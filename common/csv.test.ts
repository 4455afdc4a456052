import { describe, expect, it } from 'vitest';

import { csvCell, toCsv } from './csv';

describe('CSV', () => {
  it('quotes what needs quoting', () => {
    expect(toCsv(['name', 'ips'], [['web "01", prod', ['10.0.0.1', '10.0.0.2']]])).toBe(
      'name,ips\r\n"web ""01"", prod",10.0.0.1 10.0.0.2\r\n',
    );
  });

  it('defuses formulas but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(undefined)).toBe('');
  });
});
