import type { ClientSession, Collection, Db, Document, IndexDescription } from 'mongodb';

/** The history fields a trace follows (all but `lot`, which is the serial's). */
export const TRACE_HISTORY_FIELDS = ['reference', 'movementId', 'vendorId', 'customerId'] as const;

/**
 * The read models live in generations of collections (`g3_serials`, `g3_serial_history`, …). The
 * document `{ _id: 'active' }` of `read_models` names the one queries read; a rebuild fills the next
 * generation and swaps it in by updating that one document, which is atomic. Views with the plain
 * names (`serials`, …) follow the active generation for reporting tools that query MongoDB directly.
 */
export const READ_MODEL_COLLECTIONS = [
  'serials',
  'serial_history',
  'products',
  'locations',
  'movements',
  'checkpoints',
  'ledger_pages',
  'ledger_nodes',
  'components',
] as const;
export type ReadModelCollection = (typeof READ_MODEL_COLLECTIONS)[number];

export const POINTER_COLLECTION = 'read_models';
const POINTER_ID = 'active';
const NAMESPACE_EXISTS = 48;
const NAMESPACE_NOT_FOUND = 26;
const GENERATION_NAME = /^g(\d+)_(.+)$/;

interface Pointer {
  _id: string;
  /** The generation queries read. */
  generation: number;
  /** The highest number ever handed out, so a new generation never reuses a dropped one's name. */
  lastGeneration: number;
}

export const generationCollectionName = (generation: number, name: ReadModelCollection): string =>
  `g${generation}_${name}`;

/** Present from creation: the history upsert finds its entry by (streamId, revision) on every write. */
export const WRITE_INDEXES: Partial<Record<ReadModelCollection, IndexDescription[]>> = {
  serial_history: [{ key: { streamId: 1, revision: 1 }, unique: true, name: 'by_stream_revision' }],
  // Each batch of installs walks the subtree below its serials by parent (component-records.ts).
  components: [
    {
      key: { 'parent.productId': 1, 'parent.serialNumber': 1, productId: 1, serialNumber: 1 },
      name: 'by_parent',
    },
  ],
};

/** DESIGN.md's indexes; a rebuild builds them once after its bulk load, cheaper than row by row. */
export const QUERY_INDEXES: Partial<Record<ReadModelCollection, IndexDescription[]>> = {
  serials: [
    { key: { productId: 1, serialNumber: 1 }, unique: true, name: 'by_product_serial' },
    { key: { locationId: 1, productId: 1, status: 1 }, name: 'by_location_product_status' },
    // Multikey on the path: the serials within a location, in list order (serialListFilter).
    { key: { locationPath: 1, productId: 1, serialNumber: 1 }, name: 'by_location_path' },
    { key: { state: 1, productId: 1, serialNumber: 1 }, name: 'by_state' },
    { key: { customerId: 1 }, name: 'by_customer' },
    { key: { reference: 1 }, name: 'by_reference' },
    { key: { serialNumber: 1 }, name: 'by_serial_number' },
    { key: { warrantyEnd: 1 }, name: 'by_warranty_end' },
    { key: { lot: 1, productId: 1, serialNumber: 1 }, name: 'by_lot' },
  ],
  serial_history: [
    { key: { productId: 1, serialNumber: 1, revision: 1 }, name: 'by_serial' },
    // Traceability: the serials an entry's document or partner touched, in trace order.
    ...TRACE_HISTORY_FIELDS.map((field) => ({
      key: { [field]: 1, productId: 1, serialNumber: 1, position: 1 },
      name: `by_${field}`,
      partialFilterExpression: { [field]: { $type: 'string' } },
    })),
  ],
  products: [{ key: { gtin14: 1, _id: 1 }, name: 'by_gtin14' }],
  locations: [
    { key: { parentId: 1, _id: 1 }, name: 'by_parent' },
    { key: { path: 1 }, name: 'by_path' },
  ],
  movements: [
    { key: { status: 1, _id: 1 }, name: 'by_status' },
    { key: { reference: 1, _id: 1 }, name: 'by_reference' },
  ],
  ledger_pages: [{ key: { firstPosition: 1 }, unique: true, name: 'by_first_position' }],
};

/** One generation's collections. */
export class MongoGeneration {
  constructor(
    private readonly db: Db,
    readonly generation: number,
  ) {}

  collection<Record extends Document>(name: ReadModelCollection): Collection<Record> {
    return this.db.collection<Record>(generationCollectionName(this.generation, name));
  }

  /** Idempotent: several instances starting at once may all create the first generation. */
  async create(options: { queryIndexes: boolean }): Promise<void> {
    for (const name of READ_MODEL_COLLECTIONS) {
      await this.db
        .createCollection(generationCollectionName(this.generation, name))
        .catch((error: unknown) => ignoreCode(error, NAMESPACE_EXISTS));
      await this.createIndexes(name, WRITE_INDEXES[name]);
      if (options.queryIndexes) await this.createIndexes(name, QUERY_INDEXES[name]);
    }
  }

  async createQueryIndexes(): Promise<void> {
    for (const name of READ_MODEL_COLLECTIONS) await this.createIndexes(name, QUERY_INDEXES[name]);
  }

  async drop(): Promise<void> {
    await dropGeneration(this.db, this.generation);
  }

  private async createIndexes(name: ReadModelCollection, indexes: IndexDescription[] | undefined) {
    if (indexes && indexes.length > 0) await this.collection(name).createIndexes(indexes);
  }
}

export async function readActiveGeneration(db: Db, session?: ClientSession): Promise<number | null> {
  const pointer = await pointers(db).findOne({ _id: POINTER_ID }, { session });
  return pointer?.generation ?? null;
}

/**
 * The active generation, with its collections, indexes and views created where missing. A lost one
 * comes back empty: its checkpoints are 0 and the projector replays everything into it.
 */
export async function openActiveGeneration(db: Db): Promise<MongoGeneration> {
  const generation = (await readActiveGeneration(db)) ?? (await initializePointer(db));
  const active = new MongoGeneration(db, generation);
  await active.create({ queryIndexes: true });
  await pointViews(db, generation, { replace: false });
  return active;
}

/** Names generation 1 active unless another instance named one first; returns the active one. */
async function initializePointer(db: Db): Promise<number> {
  await pointers(db).updateOne(
    { _id: POINTER_ID },
    { $setOnInsert: { generation: 1, lastGeneration: 1 } },
    { upsert: true },
  );
  const active = await readActiveGeneration(db);
  if (active === null) throw new Error('The read_models pointer vanished while it was being created');
  return active;
}

export async function reserveNextGeneration(db: Db): Promise<number> {
  const pointer = await pointers(db).findOneAndUpdate(
    { _id: POINTER_ID },
    { $inc: { lastGeneration: 1 } },
    { returnDocument: 'after' },
  );
  if (!pointer) throw new Error('The read_models pointer is missing');
  return pointer.lastGeneration;
}

/** Conditioned on the generation it replaces, so that a swap nobody expected fails loudly. */
export async function swapActiveGeneration(db: Db, from: number, to: number): Promise<void> {
  const { matchedCount } = await pointers(db).updateOne(
    { _id: POINTER_ID, generation: from },
    { $set: { generation: to } },
  );
  if (matchedCount !== 1) {
    throw new Error(`The active read models are no longer generation ${from}; this rebuild cannot swap in`);
  }
}

export async function dropGeneration(db: Db, generation: number): Promise<void> {
  for (const name of READ_MODEL_COLLECTIONS) {
    await db
      .dropCollection(generationCollectionName(generation, name))
      .catch((error: unknown) => ignoreCode(error, NAMESPACE_NOT_FOUND));
  }
}

/** Generations that exist as collections, whether complete or left over by a crash. */
export async function storedGenerations(db: Db): Promise<number[]> {
  const names = await db.listCollections({}, { nameOnly: true }).toArray();
  const generations = names
    .map(({ name }) => GENERATION_NAME.exec(name))
    .filter((match) => match !== null && (READ_MODEL_COLLECTIONS as readonly string[]).includes(match[2]))
    .map((match) => Number((match as RegExpExecArray)[1]));
  return [...new Set(generations)].sort((a, b) => a - b);
}

/**
 * Points the views with the plain names at `generation`. `replace` re-points existing views (after a
 * swap, by the one projector holding the lease); without it only missing views are created, so that an
 * instance starting with a stale idea of the active generation never points them backwards.
 */
export async function pointViews(db: Db, generation: number, options: { replace: boolean }): Promise<void> {
  const existing = await db.listCollections({ name: { $in: [...READ_MODEL_COLLECTIONS] } }).toArray();
  for (const name of READ_MODEL_COLLECTIONS) {
    const found = existing.find((info) => info.name === name);
    if (found && found.type !== 'view') {
      throw new Error(`Collection ${name} is in the way of the read-model view of that name; remove it`);
    }
    if (found && !options.replace) continue;
    if (found) await db.dropCollection(name);
    await db
      .createCollection(name, { viewOn: generationCollectionName(generation, name), pipeline: [] })
      .catch((error: unknown) => ignoreCode(error, NAMESPACE_EXISTS));
  }
}

const pointers = (db: Db) => db.collection<Pointer>(POINTER_COLLECTION);

function ignoreCode(error: unknown, code: number): void {
  if ((error as { code?: unknown }).code !== code) throw error;
}
