/**
 * How much calico-stack reads of any one file it finds in an output folder or its own machinery.
 * Far above what it writes: its largest file is a CRD bundle (Calico v3.31.7's is 2.6 MB), a
 * record lists a few dozen files, a journal a few thousand operations.
 */
import { KIB, MIB } from '../common/bounded-read';

/** A file in an output folder (a manifest, kustomization.yaml, a GitOps file). */
export const OUTPUT_FILE_LIMIT = 16 * MIB;
/** An ownership record, calico-stack.sum. */
export const RECORD_LIMIT = 1 * MIB;
/** The transaction journal and a run's marker. */
export const JOURNAL_LIMIT = 4 * MIB;
/** A marker of a run in the state folder. */
export const MARKER_LIMIT = 4 * KIB;
