/// Safe Swift over librdkafka: producer, consumer, admin and the in-process mock cluster.
public enum LiaisonKafka {}
