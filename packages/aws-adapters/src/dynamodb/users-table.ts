import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

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
