// common/ runs in main (Node) and the renderer (Chromium): both have the WHATWG URL, which ES2023's lib lacks.
// Only common/tsconfig.json reads this file; the other configs get URL from Node's or the DOM's types.
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hash: string;
  readonly host: string;
  readonly hostname: string;
}
