// Threat model: which containers can an attacker on the Internet reach, and
// in how many steps (through Services, Ingresses, Gateways, host ports or an
// anonymous API server).
// Parameters: $cluster.
MATCH (i:Internet {cluster: $cluster})
MATCH p = ANY SHORTEST (i)-[r WHERE r.traversable]->+(c:Container)
RETURN c.id AS container, length(p) AS steps, [r IN relationships(p) | type(r)] AS techniques
ORDER BY steps, container;
