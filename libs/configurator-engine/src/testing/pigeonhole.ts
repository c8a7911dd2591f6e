/**
 * The pigeonhole principle as CNF: `pigeons` pigeons each in one of `holes` holes, no two in
 * the same hole. Unsatisfiable when pigeons > holes, and exponentially hard for resolution
 * (so for CDCL): the classic small-but-hard instance. Variable p·holes + h + 1 = pigeon p in hole h.
 */
export function pigeonholeClauses(pigeons: number, holes: number): number[][] {
  const inHole = (pigeon: number, hole: number) => pigeon * holes + hole + 1;
  const clauses: number[][] = [];
  for (let pigeon = 0; pigeon < pigeons; pigeon++) clauses.push(Array.from({ length: holes }, (_, hole) => inHole(pigeon, hole)));
  for (let hole = 0; hole < holes; hole++) {
    for (let first = 0; first < pigeons; first++) {
      for (let second = first + 1; second < pigeons; second++) clauses.push([-inHole(first, hole), -inHole(second, hole)]);
    }
  }
  return clauses;
}

export function pigeonholeDimacs(pigeons: number, holes: number): string {
  const clauses = pigeonholeClauses(pigeons, holes);
  return [`p cnf ${pigeons * holes} ${clauses.length}`, ...clauses.map((clause) => `${clause.join(' ')} 0`)].join('\n');
}
