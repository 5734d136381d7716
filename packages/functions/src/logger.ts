import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One logger for the process; its service name comes from POWERTOOLS_SERVICE_NAME (infra sets
 * it), which Powertools reads only when the constructor is given none. Request fields are passed
 * on each call rather than appended to the logger: appended keys live on the instance and would
 * be shared by invocations that run concurrently in one process (the offline gateway does that).
 */
export const logger = new Logger();
