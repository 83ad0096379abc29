/**
 * Runs in every test file (jest setupFilesAfterEnv): its temporary folders go when it ends, and
 * warnings found at synth are not written to stderr (tests assert them through findingsOf; one
 * test checks the default reporting on its own).
 */
import { onWarnings } from '../src/lib/common/checks';
import { removeTempDirs } from './temp';

onWarnings(() => undefined);
afterAll(removeTempDirs);
