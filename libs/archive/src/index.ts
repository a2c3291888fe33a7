// Archiving backup files into storage the user owns: destinations, streamed verified transfers, manifests.
export {};
