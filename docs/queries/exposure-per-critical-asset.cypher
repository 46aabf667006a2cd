// Exposure per critical asset: how many entry points have an attack path to
// it, and how short the shortest one is. `nearestFor` is the number of
// exposed entry points whose nearest critical asset it is (from the analysis).
// Parameters: $cluster.
MATCH (c:AttackNode {cluster: $cluster, critical: true})
OPTIONAL CALL (c) {
  MATCH p = ANY SHORTEST (e:AttackNode {cluster: $cluster, entryPoint: true})-[r WHERE r.traversable]->+(c)
  WHERE e <> c
  RETURN count(DISTINCT e) AS entries, min(length(p)) AS shortest
}
RETURN c.id AS critical, entries, shortest, c.exposedEntries AS nearestFor
ORDER BY entries DESC, critical;
