/**
 * Whether a process of this machine is running: signal 0 tests for it without touching it (EPERM: it runs, as
 * another user). What tells a lease or a job whose process died from one that is still at work.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
