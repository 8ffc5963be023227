import { randomUUID } from "node:crypto";

/**
 * A random id this process made when it started, recorded with the work it owns. Host and pid do not tell two lives
 * of a container apart (restarted, it has the same hostname and its server is pid 1 again); this id does.
 */
export const processInstanceId: string = randomUUID();
