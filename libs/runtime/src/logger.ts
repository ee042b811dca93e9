import { pino, type Logger } from 'pino';
import { logLevel, type logCreator } from 'kafkajs';

export type { Logger };

/** Structured JSON logs on stdout; one logger per app, `app` on every line. */
export function createLogger(app: string, level = 'info'): Logger {
  return pino({ name: app, level, base: { app } });
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'debug',
};

/** Routes kafkajs's own log lines into the app's logger so there is one log stream per process. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    logger[levels[level] ?? 'info']({ kafkajs: namespace, ...extra }, message);
  };
}
