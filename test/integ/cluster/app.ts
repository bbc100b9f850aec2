import { App } from 'aws-cdk-lib';
import { IntegClusterStack } from './cluster-stack';

// The app of the shared test cluster: scripts/integ-live.sh (`npm run integ:live`) deploys it before the
// integration tests and destroys it after them. Not an integration test itself: integ-runner runs only
// files named `integ.*.ts`.
const app = new App();
new IntegClusterStack(app);
