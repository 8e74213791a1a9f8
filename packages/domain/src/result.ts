/** An expected failure: a stable kebab code for machines and a plain sentence for people. */
export interface Refusal<Code extends string = string> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
}

export interface Accepted<Value> {
  readonly ok: true;
  readonly value: Value;
}

export type Result<Value, Code extends string = string> = Accepted<Value> | Refusal<Code>;

/** What a decider answers: the events to append, or why nothing happens. */
export type Decision<Event, Code extends string = string> = Accepted<readonly Event[]> | Refusal<Code>;

export function accept<Value>(value: Value): Accepted<Value> {
  return { ok: true, value };
}

export function refuse<Code extends string>(code: Code, message: string): Refusal<Code> {
  return { ok: false, code, message };
}
