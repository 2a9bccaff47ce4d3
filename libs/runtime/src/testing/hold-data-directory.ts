import { DataDirectoryLock, type DataDirectoryRole } from '../stores/data-directory-lock';

/** A child process for lock tests: takes a role of DATA_DIR, says so, and holds it until killed. */
const lock = DataDirectoryLock.acquire(process.argv[2], process.argv[3] as DataDirectoryRole);
process.stdout.write('holding\n');
setInterval(() => lock, 60_000);
