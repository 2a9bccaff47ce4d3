/**
 * The README walk-through as an ERP integrator would code it, against a TypeScript client generated
 * from the served OpenAPI document: test/generated-client.e2e-spec.ts generates `./schema` (with
 * openapi-typescript), type-checks this file against it and runs it. Every field it reads and every
 * `code` it branches on must be in the document, or it does not compile. Not part of the project's
 * own type check (tsconfig.json excludes it): `./schema` exists only in the test's temporary folder.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type SerialSummary = components['schemas']['SerialSummaryDto'];

const env = process.env as Record<string, string>;
const client = (token: string) =>
  createClient<paths>({ baseUrl: env.BASE_URL, headers: { Authorization: `Bearer ${token}` } });
const admin = client(env.ADMIN_TOKEN);
const clerk = client(env.OPERATOR_TOKEN);
const reporter = client(env.REPORTER_TOKEN);

function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined)
    throw new Error(`${answer.response.status}: ${JSON.stringify(answer.error)}`);
  return answer.data;
}

async function walkThrough() {
  const product = must(
    await admin.POST('/v1/products', {
      body: {
        id: 'LAPTOP-15',
        sku: 'LP15',
        name: 'Laptop 15',
        type: 'storable',
        tracking: 'serial',
        warrantyMonths: 24,
      },
    }),
  );
  const received = must(
    await clerk.POST('/v1/serials/receive', {
      params: { header: { 'Idempotency-Key': 'BILL-7-receive' } },
      body: {
        productId: product.id,
        range: { first: 'SN-0098', count: 3 },
        toLocationId: 'WH/Stock',
        vendorId: 'ACME',
        reference: 'BILL-7',
      },
    }),
  );
  const delivered = must(
    await clerk.POST('/v1/serials/deliver', {
      body: {
        productId: 'LAPTOP-15',
        serialNumbers: ['SN-0098', 'SN-0099'],
        fromLocationId: 'WH/Stock',
        customerId: 'CUST-42',
        reference: 'INV-1001',
      },
    }),
  );
  const again = await clerk.POST('/v1/serials/deliver', {
    body: {
      productId: 'LAPTOP-15',
      serialNumbers: ['SN-0100', 'SN-0098'],
      fromLocationId: 'WH/Stock',
      customerId: 'CUST-7',
    },
  });
  let refusal = 'none';
  if (again.error) {
    switch (again.error.code) {
      case 'SERIAL_NOT_AT_LOCATION':
        refusal = `not at the location: ${(again.error.serialNumbers ?? []).join(', ')}`;
        break;
      case 'SERIAL_RESERVED':
        refusal = 'reserved';
        break;
      default:
        refusal = again.error.code;
    }
  }
  const serial = { productId: 'LAPTOP-15', serialNumber: 'SN-0098' };
  const minPosition = { 'X-Min-Position': delivered.position };
  const history = must(
    await reporter.GET('/v1/products/{productId}/serials/{serialNumber}/history', {
      params: { path: serial, header: minPosition },
    }),
  );
  const view = must(
    await reporter.GET('/v1/products/{productId}/serials/{serialNumber}', {
      params: { path: serial, header: minPosition },
    }),
  );
  return {
    received: received.serials.map((s: SerialSummary) => `${s.serialNumber} ${s.status} ${s.locationId}`),
    refusal,
    history: history.items.map(
      (e) => `${e.type} ${e.fromLocationId ?? '-'} -> ${e.toLocationId ?? '-'} ${e.reference} by ${e.userId}`,
    ),
    view: {
      customerId: view.customerId,
      warrantyActive: view.warranty?.active ?? false,
      status: view.status,
    },
  };
}

walkThrough().then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
