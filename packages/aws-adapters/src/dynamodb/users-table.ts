import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { expiryAttribute } from './user-items.js';

/** The index that lists users newest first: a sparse GSI that only user items carry. */
export const usersByCreatedAtIndex = 'byCreatedAt';

/**
 * The users table, single-table style: user items (`USER#<id>`) and email reservations
 * (`EMAIL#<email>`) share one string partition key, so a transaction can write both. Terraform
 * declares the same table; a test asserts the two agree.
 */
export function usersTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: usersByCreatedAtIndex,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * The table's time to live: DynamoDB deletes idempotency records some time after the epoch second
 * in this attribute (reads treat them as absent from that second on). Terraform's `ttl` block names
 * the same attribute.
 */
export const usersTableTimeToLive = { AttributeName: expiryAttribute, Enabled: true } as const;
