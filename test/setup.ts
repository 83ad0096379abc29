/**
 * Runs in every test file (jest setupFilesAfterEnv): its temporary folders go when it ends.
 * Warnings found at synth are each App's own to report (onWarnings(app, handler)); the apps of
 * testApp() and testChart() (test/util.ts) keep them off stderr, and tests assert them through
 * findingsOf.
 */
import { removeTempDirs } from './temp';

afterAll(removeTempDirs);
