// Node 20 has String.prototype.isWellFormed (ES2024); the rest of lib.es2024 is not all there, so only this is declared.
interface String {
  isWellFormed(): boolean;
}
