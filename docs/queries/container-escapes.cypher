// Threat model: containers that can break out to their node in one step, and
// the techniques that allow it.
// Parameters: $cluster.
MATCH (c:Container {cluster: $cluster})-[r]->(n:Node)
WHERE r.traversable
RETURN c.id AS container, n.id AS node, collect(type(r)) AS techniques
ORDER BY container, node;
