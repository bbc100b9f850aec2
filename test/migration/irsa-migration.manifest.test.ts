import { describeSourceOfTruth } from './source-of-truth';

describeSourceOfTruth();
