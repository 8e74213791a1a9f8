import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { DowntimeReasonSchema, ShiftSchema } from './calendar.js';
import { ContainerSchema } from './container.js';
import { CalibrationSchema, EquipmentSchema, TestWeightSchema } from './equipment.js';
import { LotSchema, MaterialSchema } from './materials.js';
import { PulledUserSchema, SettingsSchema, SiteSchema, StationSchema, UserSchema } from './plant.js';
import { OrderSchema, RecipeSchema } from './recipe.js';

/** The entity kinds of the master-data feed, as the URL and the pull name them. */
export const MASTER_ENTITIES = ['site', 'shift', 'settings', 'material', 'lot', 'equipment', 'test-weight', 'calibration', 'station', 'user', 'recipe', 'order', 'downtime-reason', 'container'] as const;
export type MasterEntity = (typeof MASTER_ENTITIES)[number];

/** One schema per entity kind, defined once: the server validates every write and the kiosk every pulled entity with it. */
export const MASTER_ENTITY_SCHEMAS = {
  site: SiteSchema,
  shift: ShiftSchema,
  settings: SettingsSchema,
  material: MaterialSchema,
  lot: LotSchema,
  equipment: EquipmentSchema,
  'test-weight': TestWeightSchema,
  calibration: CalibrationSchema,
  station: StationSchema,
  user: UserSchema,
  recipe: RecipeSchema,
  order: OrderSchema,
  'downtime-reason': DowntimeReasonSchema,
  container: ContainerSchema,
} as const satisfies Record<MasterEntity, TSchema>;

/** What a kiosk receives differs only for users: they travel with their PIN verifier. */
const PULLED_SCHEMAS: Record<MasterEntity, TSchema> = { ...MASTER_ENTITY_SCHEMAS, user: PulledUserSchema };

export type MasterEntityData<E extends MasterEntity> = Static<(typeof MASTER_ENTITY_SCHEMAS)[E]>;

/** One bad field: a JSON Pointer into the entity and the reason, for a person to read. */
export interface MasterIssue {
  readonly path: string;
  readonly message: string;
}

/** The id field an entity's data carries, which must equal the id it is stored under. */
export function entityIdOf(entity: MasterEntity, data: Readonly<Record<string, unknown>>): unknown {
  switch (entity) {
    case 'settings':
      return 'plant';
    case 'calibration':
      return data['certificateId'];
    case 'recipe':
      return `${String(data['id'])}@${String(data['version'])}`;
    default:
      return data['id'];
  }
}

type Validator = ReturnType<typeof Compile<TSchema>>;
const validators = new Map<TSchema, Validator>();
function validatorOf(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/**
 * Every bad field of `data` for `entity` (empty when it keeps its schema). A union on `kind` (equipment,
 * recipe steps) is judged by the variant its `kind` names, so the issues speak of that variant only.
 */
export function checkMasterEntity(entity: MasterEntity, data: unknown, options: { pulled?: boolean } = {}): MasterIssue[] {
  const schema = options.pulled ? PULLED_SCHEMAS[entity] : MASTER_ENTITY_SCHEMAS[entity];
  if (validatorOf(schema).Check(data)) return [];
  const issues: MasterIssue[] = [];
  walk(schema, data, '', issues);
  // A rule the walk does not split still refuses the entity, never passes it.
  return issues.length > 0 ? issues : [{ path: '/', message: 'does not match the schema' }];
}

export type ParsedMasterEntity<E extends MasterEntity> = { ok: true; value: MasterEntityData<E> } | { ok: false; issues: MasterIssue[] };

/** Parses one entity as the kiosk receives it: a value of the schema's type, or the issues; never a cast of unchecked data. */
export function parseMasterEntity<E extends MasterEntity>(entity: E, data: unknown, options: { pulled?: boolean } = {}): ParsedMasterEntity<E> {
  const issues = checkMasterEntity(entity, data, options);
  return issues.length === 0 ? { ok: true, value: data as MasterEntityData<E> } : { ok: false, issues };
}

export function isMasterEntity(text: string): text is MasterEntity {
  return (MASTER_ENTITIES as readonly string[]).includes(text);
}

type Node = TSchema & { anyOf?: TSchema[]; properties?: Record<string, TSchema>; required?: string[]; additionalProperties?: unknown; items?: TSchema; type?: unknown; description?: string };
const MAX_ISSUES = 100;

/** Walks schema and value together: objects and arrays member by member, kind unions by their kind, leaves by TypeBox. */
function walk(schema: Node, value: unknown, path: string, issues: MasterIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  const variants = kindVariants(schema);
  if (variants) {
    const kind = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['kind'] : undefined;
    const variant = variants.find((v) => v.kind === kind);
    if (variant) return walk(variant.schema, value, path, issues);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return void issues.push({ path: path || '/', message: 'must be an object' });
    return void issues.push({ path: `${path}/kind`, message: `must be one of ${variants.map((v) => v.kind).join(', ')}` });
  }
  if (schema.type === 'object' && schema.properties) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return void issues.push({ path: path || '/', message: 'must be an object' });
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) issues.push({ path: `${path}/${name}`, message: 'is required' });
    for (const [name, member] of Object.entries(record)) {
      const property = schema.properties[name];
      if (property) walk(property as Node, member, `${path}/${name}`, issues);
      else if (schema.additionalProperties === false) issues.push({ path: `${path}/${name}`, message: 'is not a field of this entity' });
    }
    return;
  }
  if (schema.type === 'array' && schema.items) {
    leaf(shallowArray(schema), value, path, issues);
    if (Array.isArray(value)) value.forEach((item, index) => walk(schema.items as Node, item, `${path}/${index}`, issues));
    return;
  }
  leaf(schema, value, path, issues);
}

function leaf(schema: Node, value: unknown, path: string, issues: MasterIssue[]): void {
  const validator = validatorOf(schema);
  if (validator.Check(value)) return;
  const first = validator.Errors(value)[0] as { message?: string; keyword?: string } | undefined;
  const message = first?.message ?? 'is invalid';
  const what = schema.description ?? (schema.items as Node | undefined)?.description;
  // A regular expression means nothing to the person at the form: say what the field should be instead.
  const said = first?.keyword === 'pattern' && what ? `is not valid: ${what}` : what && first?.keyword !== 'type' ? `${message}: ${what}` : message;
  issues.push({ path: path || '/', message: said });
}

const arrays = new WeakMap<TSchema, Node>();
/** The array's own rules (size, uniqueness) without its items, which are walked one by one. */
function shallowArray(schema: Node): Node {
  let shallow = arrays.get(schema);
  if (!shallow) {
    const { items: _items, ...rest } = schema;
    shallow = { ...rest, items: {} } as Node;
    arrays.set(schema, shallow);
  }
  return shallow;
}

const unions = new WeakMap<TSchema, { kind: string; schema: Node }[] | null>();
/** The variants of a union discriminated by a literal `kind`, or null for any other schema. */
function kindVariants(schema: Node): { kind: string; schema: Node }[] | null {
  if (!schema.anyOf) return null;
  let known = unions.get(schema);
  if (known === undefined) {
    const variants = schema.anyOf.map((v) => ({ kind: ((v as Node).properties?.['kind'] as { const?: unknown } | undefined)?.const, schema: v as Node }));
    known = variants.every((v) => typeof v.kind === 'string') ? (variants as { kind: string; schema: Node }[]) : null;
    unions.set(schema, known);
  }
  return known;
}
