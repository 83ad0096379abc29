/** Runs in every test file (jest setupFilesAfterEnv): its temporary folders go when it ends. */
import { removeTempDirs } from './temp';

afterAll(removeTempDirs);
