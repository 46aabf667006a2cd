// Blast radius of a pod: every node an attacker who controls the pod (any of
// its containers) can reach, with the number of steps and whether it is a
// critical asset.
// Parameters: $cluster, $pod (a node id such as 'Pod:web/frontend-7d4b9c-x2x9p').
MATCH (s:AttackNode {cluster: $cluster, id: $pod})
MATCH p = ANY SHORTEST (s)-[r WHERE r.traversable]->+(x:AttackNode)
WHERE x <> s
RETURN x.id AS reached, x.kind AS kind, length(p) AS steps, coalesce(x.critical, false) AS critical
ORDER BY steps, reached;
