// Threat model: identities that are cluster-admin in effect: an attack path
// leads them to system:masters or to a cluster-wide cluster-admin grant.
// Parameters: $cluster.
MATCH (t:AttackNode {cluster: $cluster})
WHERE t.id = 'Group:system:masters' OR (t:RoleInScope AND t.clusterAdmin = true)
MATCH p = ANY SHORTEST (a:AttackNode {cluster: $cluster})-[r WHERE r.traversable]->+(t)
WHERE a <> t AND (a:ServiceAccount OR a:User OR a:Group)
RETURN a.id AS identity, min(length(p)) AS hops
ORDER BY identity;
