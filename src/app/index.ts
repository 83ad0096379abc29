/**
 * The application's pieces for programs of your own (the `calico-stack/app` entry point): reading
 * a cluster file, a kubeadm-config or a CRD bundle from disk as the CLI does, and writing rendered
 * folders as the CLI does — all or nothing, never over files calico-stack did not write.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module app
 */

// Reading files
export { loadClusterFile, loadCrdBundle, loadKubeadmConfig, loadShippedCrdBundle } from './config/load';

// Writing output safely
export {
  type Comparison, DEFAULT_LOCK_TIMEOUT_MS, type OpenOptions, OutputDirectory, type OutputFolder, type PlanOptions, type RecordedOutputFolder,
  type WriteOptions, type WritePlan, writeOutputFolders,
} from './output/output-directory';
export { type FileChange, type FolderPlan, type KeptFile, OwnershipConflictError } from './output/folder-plan';
export { LockHeldError } from './output/lock';
export { RECORD_FILE } from './output/record';
export { HandEditsError, JournalRefusedError, type Recovery, type RecoveryOptions, RollbackError, TransactionError } from './output/transaction';
