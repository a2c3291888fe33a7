// `npm run bench`: the entry point; the benchmarks live in bench/ (see bench/README.md).
import { runBench } from '../bench/src/run-bench';

runBench();
