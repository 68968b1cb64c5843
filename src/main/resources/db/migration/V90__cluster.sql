-- cluster (issue 12): the id of the cluster, made by the first node that starts on this database.
-- Every node sharing the database shares it, and it prefixes their keys in Redis, so clusters
-- (or test runs) sharing one Redis never see each other's limits, presence or leases.
CREATE TABLE cluster_identity (
    singleton INTEGER     PRIMARY KEY CHECK (singleton = 1),
    id        VARCHAR(26) NOT NULL
);
