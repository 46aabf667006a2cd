// Shortest attack path from each entry point to its nearest critical asset:
// the `paths` of `chokepoint analyze` (same entry points, same lengths; among
// equally short paths Neo4j may pick another route).
// Parameters: $cluster (the cluster name of the export).
MATCH (e:AttackNode {cluster: $cluster, entryPoint: true})
CALL (e) {
  MATCH p = ANY SHORTEST (e)-[r WHERE r.traversable]->+(c:AttackNode {cluster: $cluster, critical: true})
  WHERE c <> e
  RETURN p
  ORDER BY length(p)
  LIMIT 1
}
RETURN
  e.id AS entry,
  last(nodes(p)).id AS critical,
  length(p) AS length,
  [n IN nodes(p) | n.id] AS nodes,
  [r IN relationships(p) | type(r)] AS techniques
ORDER BY entry;
