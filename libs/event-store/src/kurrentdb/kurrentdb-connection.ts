import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../event-store.port';
import { toPortError } from './kurrentdb-errors';

export function openClient(connectionString: string): KurrentDBClient {
  try {
    return KurrentDBClient.connectionString(connectionString);
  } catch (error) {
    // The parser quotes the offending text, which may be part of a password: keep only where and what.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/"[^"]*"/g, 'text');
    throw new StoreUnavailableError(
      `EVENTSTORE_CONNECTION_STRING is not a KurrentDB connection string: ${reason}`,
      {
        cause: error,
      },
    );
  }
}

/** The client keeps the server's version in its protected `capabilities`; nothing public exposes it. */
interface WithServerFeatures {
  readonly capabilities: Promise<{ readonly serverVersion: string }>;
}

/** The server's own version string, e.g. "25.1.0.2001"; "unknown" from a server without the features API. */
export async function readServerVersion(client: KurrentDBClient): Promise<string> {
  try {
    return (await (client as unknown as WithServerFeatures).capabilities).serverVersion;
  } catch (error) {
    throw toPortError(error);
  }
}
