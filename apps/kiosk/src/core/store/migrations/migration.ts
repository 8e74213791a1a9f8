/** A numbered schema step; versions step by 10 so a fix can slot in between (STYLE.md). */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}
