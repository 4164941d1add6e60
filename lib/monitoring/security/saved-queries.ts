import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SavedQuerySpec } from './saved-query-specs';

/** Characters a saved query's name may not hold; `/` makes folders in the console. */
const NOT_IN_NAME = /[:*/]+/g;

/**
 * CloudWatch Logs Insights queries saved for one log group (`AWS::Logs::QueryDefinition`), named
 * `Portcullis/<label>/<title>` so that the console lists them in one folder per API. Saving costs
 * nothing; running a query is billed per GB scanned.
 */
export class SavedQueries extends Construct {
  /** The saved queries, in order. */
  public readonly queryDefinitions: logs.CfnQueryDefinition[];
  /** The folder they are saved in. */
  public readonly folder: string;

  constructor(scope: Construct, id: string, label: string, logGroupName: string, specs: readonly SavedQuerySpec[]) {
    super(scope, id);
    this.folder = `Portcullis/${label.replace(NOT_IN_NAME, '-').replace(/^-+|-+$/g, '') || 'api'}`;
    this.queryDefinitions = specs.map((spec) => new logs.CfnQueryDefinition(this, spec.id, {
      name: `${this.folder}/${spec.title}`,
      queryString: spec.queryString,
      logGroupNames: [logGroupName],
    }));
  }
}
