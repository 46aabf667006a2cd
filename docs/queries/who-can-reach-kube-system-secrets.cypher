// Who can reach the Secrets of kube-system: every entry point and every
// identity (ServiceAccount, User, Group) with an attack path to one, and the
// length of the shortest such path.
// Parameters: $cluster.
MATCH (s:Secret {cluster: $cluster, namespace: 'kube-system'})
MATCH p = ANY SHORTEST (a:AttackNode {cluster: $cluster})-[r WHERE r.traversable]->+(s)
WHERE a <> s AND (a.entryPoint = true OR a:ServiceAccount OR a:User OR a:Group)
RETURN s.id AS secret, a.id AS who, a.kind AS kind, length(p) AS hops
ORDER BY secret, hops, who;
