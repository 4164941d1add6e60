/**
 * The shortest retention an access-log group may have, in days: 90.
 *
 * Access logs are the record an incident is investigated from, and incidents are often found weeks
 * after they began (in 2024 a median of 10 days, and months for a good share, per Mandiant's M-Trends).
 * PCI DSS 3.2.1 requirement 10.7 keeps audit trails a year with at least three months immediately
 * available for analysis; 90 days is that immediately available part. Portcullis log groups keep a
 * year by default (`EncryptedLogGroup.DEFAULT_RETENTION`).
 */
export const MIN_ACCESS_LOG_RETENTION_DAYS = 90;
