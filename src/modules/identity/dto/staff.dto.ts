import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { STAFF_ROLES, TokenRole } from '../../../core/tenant-context';
import { EntityResponse } from '../../../http/responses/entity.response';
import { PageQueryDto } from '../../../http/page-query.dto';
import { ACCOUNT_STATUSES, AccountStatus } from '../account.model';

export class ListStaffQueryDto extends PageQueryDto {}

export class ChangeStaffDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the version you last read; 409 when stale' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true, description: 'the roles from now on (replacing the old ones); the last active owner keeps `owner` (409 last_owner)' })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true, message: `each must be one of ${STAFF_ROLES.join(', ')}` })
  roles?: TokenRole[];

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'disabled: refused from the next request on, whatever token is held; the last active owner cannot be disabled (409 last_owner)' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

@ApiSchema({ name: 'StaffMemberAttributes' })
export class StaffMemberAttributesResponse {
  @ApiProperty({ enum: ['staff'] }) kind!: 'staff';
  @ApiProperty({ type: String, description: 'the Cognito username (`<tenant>#<email>`)' }) username!: string;
  @ApiProperty({ type: String }) email!: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES, description: 'invited: has not accepted yet; disabled: refused on every request' }) status!: AccountStatus;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, description: 'what the guard checks on every request (README "Staff roles and permissions")' }) roles!: TokenRole[];
}

@ApiSchema({ name: 'StaffMember' })
export class StaffMemberResponse extends EntityResponse {
  @ApiProperty({ type: StaffMemberAttributesResponse })
  attributes!: StaffMemberAttributesResponse;
}

@ApiSchema({ name: 'StaffPage' })
export class StaffPageResponse {
  @ApiProperty({ type: [StaffMemberResponse], description: 'the code of each is the `id` PATCH /staff/{id} takes' })
  items!: StaffMemberResponse[];

  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page (a page may hold no items and still have one)' })
  cursor?: string;
}
