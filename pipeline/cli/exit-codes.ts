/** Exit codes, documented in --help and the README. */
export const EXIT_CODES =
  'Exit codes: 0 ok; 1 some input was rejected (see rejected.jsonl) or, with --strict, warned about; 2 usage or configuration error; 70 internal error (a bug: please report it); 74 the output could not be written (disk full, no permission); 75 another run is writing into the output folder (see --wait); 129 the terminal closed (SIGHUP); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).';
