import { Field, InputType } from 'type-graphql';
import { Gender } from '../../common/enums';
import { AgeBand } from './statistics.types';

/** Narrows to one value per dimension (a cell of the table, never an arbitrary range: ranges would allow differencing). */
@InputType()
export class StatisticsFilter {
  @Field(() => String, { nullable: true }) prefecture?: string;
  @Field(() => AgeBand, { nullable: true }) ageBand?: AgeBand;
  @Field(() => Gender, { nullable: true, description: 'UNDISCLOSED also counts customers who gave none' }) gender?: Gender;
  @Field(() => String, { nullable: true, description: 'Product SKU' }) product?: string;
  @Field(() => String, { nullable: true, description: 'Month ordered, YYYY-MM (Japan time)' }) month?: string;
}
